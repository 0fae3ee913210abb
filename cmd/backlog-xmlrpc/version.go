package main

import (
	"runtime/debug"
	"sync"
)

// version is stamped at build time: -ldflags "-X main.version=1.2.3" (the
// Dockerfile's VERSION build argument, the release steps in README.md).
// Left at "dev", Version falls back to what the Go toolchain recorded.
var version = "dev"

// Version is what `version`, --help, the start-up log line, the / page and
// the v2 User-Agent report: the stamped version; else the module version
// (`go install ...@v1.2.3`); else the VCS revision a plain `go build` in a
// checkout records ("dev+<12 hex>", "-dirty" with uncommitted changes); else
// "dev" (go run, go test).
func Version() string { return versionOnce() }

var versionOnce = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	return versionFrom(version, bi, ok)
})

func versionFrom(stamped string, bi *debug.BuildInfo, ok bool) string {
	if stamped != "dev" && stamped != "" {
		return stamped
	}
	if !ok || bi == nil {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev == "" {
		return "dev"
	}
	return "dev+" + rev[:min(12, len(rev))] + dirty
}
