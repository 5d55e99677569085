package model

import "errors"

// The domain's errors. The store returns them and the server tells its
// answers by them, so they live with the words both share.
var (
	// ErrNotFound: no such row, or a row the caller may not touch.
	ErrNotFound = errors.New("not found")
	// ErrUsed: a single-use value (an OAuth state) was used already.
	ErrUsed = errors.New("already used")
	// ErrLimit: the account has as many widgets as it may have.
	ErrLimit = errors.New("widget limit reached")
)
