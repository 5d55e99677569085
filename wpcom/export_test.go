package wpcom

// Knobs only tests turn.

// SetFollowingPageSize makes Following ask for pages of n, up to the cap.
func (c *Client) SetFollowingPageSize(n int) {
	if n <= 0 || n > FollowingPageLimit {
		n = FollowingPageLimit
	}
	c.pageSize = n
}

// SetMaxBody bounds the answers the client reads.
func (c *Client) SetMaxBody(n int64) { c.maxBody = n }
