package fake

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/backlog-xmlrpc/backlog-xmlrpc/v2client"
)

//go:embed testdata/seed.json
var defaultSeedJSON []byte

// Seed is the initial content of a fake space. Its JSON form is
// testdata/seed.json (see README.md for the accounts and ids it holds).
// Entities that Backlog embeds in other entities (the issue type of an
// issue, the users of a comment) are referred to by id here and joined at
// answer time, so that a rename is visible everywhere, as in Backlog.
type Seed struct {
	Space        v2client.Space        `json:"space"`
	Users        []SeedUser            `json:"users"`
	Priorities   []v2client.Priority   `json:"priorities"`
	Resolutions  []v2client.Resolution `json:"resolutions"`
	Statuses     []v2client.Status     `json:"statuses"` // the built-in statuses 1-4, copied into every project
	Projects     []SeedProject         `json:"projects"`
	Issues       []SeedIssue           `json:"issues"`
	Comments     []SeedComment         `json:"comments"`
	Activities   []SeedActivity        `json:"activities"`
	OAuthClients []SeedOAuthClient     `json:"oauthClients"`
}

// SeedUser is a user with the credentials the fake accepts for it.
type SeedUser struct {
	v2client.User
	APIKey   string `json:"apiKey"`   // the apiKey query parameter that authenticates as this user
	Password string `json:"password"` // not used by v2 (no password grant): the demo credentials file and the login of the OAuth authorization page
	Icon     string `json:"icon"`     // "gif" or "png": the format of the generated icon
}

// SeedProject is a project with its members and master data.
type SeedProject struct {
	v2client.Project
	Members        []int64                `json:"members"`        // user ids, in the order GET /projects/:p/users lists them
	Administrators []int64                `json:"administrators"` // project administrators (user ids, also members)
	IssueTypes     []v2client.IssueType   `json:"issueTypes"`
	Categories     []v2client.Category    `json:"categories"`
	Versions       []v2client.Version     `json:"versions"`
	Statuses       []v2client.Status      `json:"statuses"` // custom statuses only (ids other than 1-4)
	CustomFields   []v2client.CustomField `json:"customFields"`
}

// SeedIssue is an issue; references are ids of the same project.
type SeedIssue struct {
	ID             int64             `json:"id"`
	ProjectID      int64             `json:"projectId"`
	KeyID          int64             `json:"keyId"`
	IssueTypeID    int64             `json:"issueTypeId"`
	Summary        string            `json:"summary"`
	Description    string            `json:"description"`
	StatusID       int64             `json:"statusId"`
	PriorityID     int64             `json:"priorityId"`
	ResolutionID   *int64            `json:"resolutionId"`
	AssigneeID     *int64            `json:"assigneeId"`
	CategoryID     []int64           `json:"categoryId"`
	VersionID      []int64           `json:"versionId"`
	MilestoneID    []int64           `json:"milestoneId"`
	StartDate      *v2client.Date    `json:"startDate"`
	DueDate        *v2client.Date    `json:"dueDate"`
	EstimatedHours *float64          `json:"estimatedHours"`
	ActualHours    *float64          `json:"actualHours"`
	ParentIssueID  *int64            `json:"parentIssueId"`
	CreatedUserID  int64             `json:"createdUserId"`
	Created        time.Time         `json:"created"`
	UpdatedUserID  int64             `json:"updatedUserId"`
	Updated        time.Time         `json:"updated"`
	CustomFields   []SeedCustomValue `json:"customFields"`
	Attachments    []SeedAttachment  `json:"attachments"`
	SharedFiles    []SeedSharedFile  `json:"sharedFiles"`
}

// SeedCustomValue is an issue's custom-field value: a string (types 1, 2),
// a number (3), "yyyy-MM-dd" (4), an item id (5, 8) or item ids (6, 7).
type SeedCustomValue struct {
	ID         int64           `json:"id"`
	Value      json.RawMessage `json:"value"`
	OtherValue *string         `json:"otherValue"`
}

// SeedAttachment is a file attached to an issue (metadata only).
type SeedAttachment struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Size          int64     `json:"size"`
	CreatedUserID int64     `json:"createdUserId"`
	Created       time.Time `json:"created"`
}

// SeedSharedFile is a shared file linked to an issue (metadata only).
type SeedSharedFile struct {
	ID            int64     `json:"id"`
	Type          string    `json:"type"`
	Dir           string    `json:"dir"`
	Name          string    `json:"name"`
	Size          int64     `json:"size"`
	CreatedUserID int64     `json:"createdUserId"`
	Created       time.Time `json:"created"`
}

// SeedComment is a comment of an issue.
type SeedComment struct {
	ID            int64                `json:"id"`
	IssueID       int64                `json:"issueId"`
	Content       *string              `json:"content"`
	ChangeLog     []v2client.ChangeLog `json:"changeLog"`
	CreatedUserID int64                `json:"createdUserId"`
	Created       time.Time            `json:"created"`
	Updated       time.Time            `json:"updated"`
}

// SeedActivity is a recent-update entry; Content uses Backlog's snake_case
// member names (§2.14).
type SeedActivity struct {
	ID            int64                    `json:"id"`
	ProjectID     int64                    `json:"projectId"`
	Type          v2client.ActivityType    `json:"type"`
	Content       v2client.ActivityContent `json:"content"`
	CreatedUserID int64                    `json:"createdUserId"`
	Created       time.Time                `json:"created"`
}

// SeedOAuthClient is an OAuth 2 client registered in the space, for the
// token endpoint.
type SeedOAuthClient struct {
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	RedirectURI  string `json:"redirectUri"`
}

// DefaultSeed returns a fresh copy of the embedded testdata/seed.json: the
// space that the demo mode, the golden tests and the interop tests run
// against (described in README.md). Each call returns new values, so
// callers may modify the result.
func DefaultSeed() *Seed {
	s, err := LoadSeed(bytes.NewReader(defaultSeedJSON))
	if err != nil {
		panic("fake: embedded seed.json is invalid: " + err.Error())
	}
	return s
}

// LoadSeed reads a seed in the JSON form of testdata/seed.json.
func LoadSeed(r io.Reader) (*Seed, error) {
	var s Seed
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("fake: seed: %w", err)
	}
	return &s, nil
}
