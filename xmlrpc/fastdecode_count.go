package xmlrpc

import "bytes"

// An array of many small items is read into its own slice, not onto the
// item stack: once an array has filled a stack chunk, a counting scan finds
// how many items it has in all, and the array's slice is made that size.
// Without it each item would be held twice while the array is read (on the
// stack and in the exactly sized slice it is copied to), and an array of
// "<value/>" items (8 bytes each, 40-byte Values) would allocate 11 bytes
// per body byte instead of 6.
//
// The scan reads the array's remaining bytes once and notes the item count
// of every nested array with at least stackChunk items it passes over, so
// those arrays look their count up instead of scanning again: each byte of
// a request is scanned at most once. A scan that meets markup the fast
// path gives up on ends the counting for the request.

// itemCount is the number of items a counting scan found in the array
// whose content starts at pos (just after its <data> start tag).
type itemCount struct{ pos, n int }

// scanLevel is one open element during a counting scan.
type scanLevel struct {
	start int  // just after the start tag
	n     int  // <value> children seen
	data  bool // a <data> element
}

// arrayCapacity returns the number of items the array being read will hold
// in all, given that have of them are read and its content starts at
// dataPos. ok is false when the scan met markup the fast path does not
// accept (it will give up on it anyway); the count is then unknown.
func (f *fastDecoder) arrayCapacity(dataPos, have int) (n int, ok bool) {
	budget := f.lim.MaxValues - f.values // more items than this is a limit fault
	if budget < 0 {
		budget = 0
	}
	for _, c := range f.counts {
		if c.pos == dataPos {
			return have + min(c.n-have, budget), c.n >= have
		}
	}
	if f.noCount {
		return 0, false
	}
	rest, ok := f.countItems()
	if !ok {
		// The fast path will give up where the scan did: a scan of a
		// nested array would read the same bytes again for nothing.
		f.noCount = true
		return 0, false
	}
	return have + min(rest, budget), true
}

// countItems counts the <value> children from the read position to the end
// of the element being read, noting the counts of nested arrays with at
// least stackChunk items in f.counts. CDATA sections, comments and
// processing instructions are skipped (their text is not markup), and so
// are attributes; markup the fast path gives up on (commentOrPI), an
// unclosed tag or nesting deeper than the depth limit allows ends the scan
// with ok false.
func (f *fastDecoder) countItems() (n int, ok bool) {
	b := f.b
	lv := append(f.levels[:0], scanLevel{})
	i := f.pos
	defer func() { f.levels, f.scanned = lv[:0], f.scanned+i-f.pos }()
	maxLevels := 3*f.lim.MaxDepth + 4 // value, array or struct, data or member per level
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 || i+j+1 >= len(b) {
			return 0, false
		}
		i += j + 1
		switch b[i] {
		case '/':
			top := lv[len(lv)-1]
			lv = lv[:len(lv)-1]
			if len(lv) == 0 {
				return top.n, true
			}
			if top.data && top.n >= stackChunk {
				f.counts = append(f.counts, itemCount{top.start, top.n})
			}
			k := bytes.IndexByte(b[i:], '>')
			if k < 0 {
				return 0, false
			}
			i += k + 1
		case '!', '?':
			k := 0
			if bytes.HasPrefix(b[i:], []byte("![CDATA[")) {
				if k = bytes.Index(b[i:], []byte("]]>")); k >= 0 {
					k += 3
				}
			} else if k = commentOrPI(b, i-1); k > 0 {
				k -= i
			} else {
				k = -1
			}
			if k < 0 {
				return 0, false
			}
			i += k
		default:
			// The name, then attributes (a quoted '>' does not end the tag).
			j := i
			for j < len(b) && b[j] != '>' && b[j] != '/' && !isSpaceByte(b[j]) {
				j++
			}
			tag := b[i:j]
			var q byte
			for ; j < len(b) && (q != 0 || b[j] != '>'); j++ {
				switch {
				case q != 0 && b[j] == q:
					q = 0
				case q == 0 && (b[j] == '"' || b[j] == '\''):
					q = b[j]
				}
			}
			if j >= len(b) {
				return 0, false
			}
			empty := b[j-1] == '/'
			i = j + 1
			if string(tag) == "value" { // compared in place: no copy of a long name
				lv[len(lv)-1].n++
			}
			if !empty {
				if len(lv) >= maxLevels {
					return 0, false
				}
				lv = append(lv, scanLevel{start: i, data: string(tag) == "data"})
			}
		}
	}
}
