// Package wordpress runs a real WordPress site for end-to-end tests and
// demos, from Debian's packages: the wordpress package's files (directories
// linked, entry files copied, into a temporary document root with our own wp-config.php and
// wp-content), a fresh MariaDB database, and PHP's built-in web server on
// 127.0.0.1. A must-use plugin lets WordPress reach the widget service on
// 127.0.0.1 and its port, and nothing else: WordPress refuses loopback
// hosts and unusual ports by default, and WP_HTTP_BLOCK_EXTERNAL keeps it
// from calling out anywhere.
//
// Needs: php (php-cli, php-mysql), mariadb-server, wordpress and
// wordpress-theme-twentytwentyone; .ci/run installs them.
package wordpress
