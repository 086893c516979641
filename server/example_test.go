package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/server"
)

// A host mounts the handler in its own mux under /kartusehat/, beside
// its own routes.
func Example_mount() {
	eng, err := kartusehat.Default()
	if err != nil {
		panic(err)
	}
	h, err := server.New(eng, server.WithLimits(server.Limits{MaxInput: 1 << 20}))
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/kartusehat/", http.StripPrefix("/kartusehat", h))
	mux.HandleFunc("GET /patients", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "the host's own page") })

	req := httptest.NewRequest("POST", "/kartusehat/v1/claim", strings.NewReader(`{"service_end": "2019-03-20", "membership": "card", "documents": []}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	fmt.Println(rec.Code, strings.Contains(rec.Body.String(), `"submission_due":"2019-04-14"`))
	// Output:
	// 200 true
}
