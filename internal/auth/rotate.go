package auth

import "errors"

// SaveRefreshToken writes refreshToken, which Backlog rotated, into the
// refresh-token entry of login in the credentials file (atomically, mode
// 0600) and reloads the file. The token the file held may be invalidated by
// the rotation, so without this the file's token could be dead after a
// restart. It fails, keeping the file as it is, when the file is read-only
// (a Kubernetes Secret) or no longer has a refresh-token entry for login.
// Rewrites are serialised.
func (a *FileAuthenticator) SaveRefreshToken(login, refreshToken string) error {
	a.saveMu.Lock()
	defer a.saveMu.Unlock()
	set, err := loadFile(a.path, a.groupRead)
	if err != nil {
		return err
	}
	entries := set.Credentials()
	found := false
	for i := range entries {
		if entries[i].Login == login && entries[i].RefreshToken != "" {
			entries[i].RefreshToken, found = refreshToken, true
		}
	}
	if !found {
		return errors.New("the login has no refresh-token entry any more")
	}
	if err := WriteFile(a.path, entries); err != nil {
		return err
	}
	return a.Reload()
}

// CurrentRefreshToken re-reads the credentials file and returns the refresh
// token of login's entry now: after Backlog refused a refresh token as
// invalid_grant, another replica sharing the file may have rotated it and
// saved its successor there. The re-read set is swapped in (as Reload).
func (a *FileAuthenticator) CurrentRefreshToken(login string) (string, error) {
	a.saveMu.Lock()
	defer a.saveMu.Unlock()
	if err := a.Reload(); err != nil {
		return "", err
	}
	c, ok := a.set.Load().Lookup(login)
	if !ok || c.RefreshToken == "" {
		return "", errors.New("the login has no refresh-token entry any more")
	}
	return c.RefreshToken, nil
}
