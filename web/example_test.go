package web_test

import (
	"fmt"
	"net/http/httptest"
	"os"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/web"
)

// A host mounts the pages at "/" (kartusehat serve does).
func ExampleNew() {
	h, err := web.New(web.Options{Rulebook: rules.Default(), Reforms: os.DirFS("../examples/reforms")})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/rules?date=2019-03-01&lang=en", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	// Output: 200 text/html; charset=utf-8
}
