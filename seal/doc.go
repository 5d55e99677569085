// Package seal encrypts secrets (WordPress.com access tokens) before they
// touch storage: AES-256-GCM with a random nonce, and a version byte and key
// id in front so keys can rotate. A Keyring seals with its current key and
// opens with any key it holds; the id tells which, and tells the operator
// when a configured key does not match what is stored.
//
// The key comes from WIDGETS_SECRET_KEY (base64 of 32 bytes) or, in the
// embedded default, from a key file generated once into the data directory
// with mode 0600 (LoadOrCreateKeyFile).
package seal
