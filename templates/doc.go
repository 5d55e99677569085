// Package templates holds the service's presentation: html/template files
// (*.html.tmpl) and static assets (static/: stylesheets, scripts, icons),
// embedded into the binary. It contains no logic beyond presentation;
// Parse is called once at start.
package templates
