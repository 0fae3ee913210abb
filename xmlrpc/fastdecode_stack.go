package xmlrpc

// stackChunk is the size of one chunk of a chunkStack.
const stackChunk = 256

// maxPooledChunks bounds the chunks a pooled fastDecoder keeps per stack.
const maxPooledChunks = 16

// chunkStack is the fast path's stack of a container's members or items
// while it is read. It grows by fixed chunks that are never copied, so a
// container of n elements costs n elements of stack plus the exactly sized
// slice it is copied into at its end. (A slice grown by append allocates
// about five times its final size in all: a 99 998-member struct cost 65
// MiB instead of 22.) Arrays leave the stack after one chunk
// (fastdecode_count.go), so only structs and params pay it in full.
type chunkStack[T any] struct {
	chunks [][]T
	n      int
}

func (s *chunkStack[T]) len() int { return s.n }

func (s *chunkStack[T]) push(v T) {
	ci := s.n / stackChunk
	if ci == len(s.chunks) {
		s.chunks = append(s.chunks, make([]T, stackChunk))
	}
	s.chunks[ci][s.n%stackChunk] = v
	s.n++
}

// from returns a new slice holding the elements from base to the top.
func (s *chunkStack[T]) from(base int) []T {
	out := make([]T, s.n-base)
	s.copyFrom(out, base)
	return out
}

// copyFrom copies len(out) elements, from base up, into out.
func (s *chunkStack[T]) copyFrom(out []T, base int) {
	for i := 0; i < len(out); {
		j := base + i
		i += copy(out[i:], s.chunks[j/stackChunk][j%stackChunk:])
	}
}

// truncate pops back to n elements, clearing what it pops so the pooled
// stack holds no reference into a finished request.
func (s *chunkStack[T]) truncate(n int) {
	for j := n; j < s.n; {
		c := s.chunks[j/stackChunk][j%stackChunk:]
		if rest := s.n - j; len(c) > rest {
			c = c[:rest]
		}
		clear(c)
		j += len(c)
	}
	s.n = n
}

// reset empties the stack and drops the chunks past maxPooledChunks.
func (s *chunkStack[T]) reset() {
	s.truncate(0)
	if len(s.chunks) > maxPooledChunks {
		clear(s.chunks[maxPooledChunks:])
		s.chunks = s.chunks[:maxPooledChunks]
	}
}
