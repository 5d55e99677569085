// Command widgets serves "Blogs I follow" and "Posts I like" widgets from
// WordPress.com for self-hosted sites.
//
//	widgets -demo          # run with the built-in WordPress.com simulator
//	widgets -help          # every setting; each has a WIDGETS_* variable
//
// main only turns flags and environment into a config, wires the packages
// together, and shuts down gracefully on SIGINT or SIGTERM.
package main
