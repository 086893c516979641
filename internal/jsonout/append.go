package jsonout

// AppendLine appends v to b as Line writes it, when v writes its own JSON
// (an AppendJSON method): the server then writes its answer from a buffer
// of its own. ok is false, and b returned as it was, when v does not.
func AppendLine(b []byte, v any) (_ []byte, ok bool, err error) {
	switch a := v.(type) {
	case appender:
		return append(a.AppendJSON(b), '\n'), true, nil
	case appenderErr:
		out, err := a.AppendJSON(b)
		if err != nil {
			return b, true, err
		}
		return append(out, '\n'), true, nil
	}
	return b, false, nil
}
