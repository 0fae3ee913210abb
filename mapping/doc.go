// Package mapping holds the pure legacy <-> v2 conversions of the gateway:
// v2 entities rendered as legacy XML-RPC values (issues, projects, users,
// versions, comments, timeline entries, summaries, custom-field
// definitions and values), legacy request values translated to v2 forms
// (dates, sort names, role names, custom-field parameters, values and
// search conditions, the search post-filter and the findIssue limit), and
// v2client errors classified as *failure.Error.
//
// Why a package of its own: the handlers in methods stay thin (read params,
// call v2, shape the result) and every conversion is written and tested
// once, without a server. Nothing here does I/O: no v2 calls, no catalog,
// no clock (callers pass the time zone, the base URL and "now"), so the
// output is a function of the input (struct members in a fixed order,
// never map order).
package mapping
