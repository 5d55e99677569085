package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store"
)

// KeySource says where the current key came from, for messages.
type KeySource string

// Where keys come from.
const (
	FromEnv  KeySource = "WIDGETS_SECRET_KEY"
	FromFile KeySource = "the key file in WIDGETS_DATA_DIR"
)

// LoadKeys returns the current key and the older ones: the configured key,
// or the data directory's key file, created on first start.
func LoadKeys(secretKey []byte, previous [][]byte, dataDir string, log *slog.Logger) (cur []byte, prev [][]byte, src KeySource, err error) {
	prev = append(prev, previous...)
	if secretKey != nil {
		return secretKey, prev, FromEnv, nil
	}
	cur, filePrev, created, err := seal.LoadOrCreateKeyFile(dataDir)
	if err != nil {
		return nil, nil, "", err
	}
	if created {
		log.Info("generated a new secret key", "file", dataDir+"/"+seal.KeyFileName,
			"hint", "back it up with the database; tokens cannot be opened without it")
	}
	return cur, append(filePrev, prev...), FromFile, nil
}

// CheckKeys opens one stored token, so a wrong key stops the service at
// start with a message, instead of failing on every refresh later.
func CheckKeys(ctx context.Context, st store.Store, kr *seal.Keyring, src KeySource) error {
	id, sealed, err := st.AnySealedToken(ctx)
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := kr.Open(sealed, model.TokenContext(id)); err != nil {
		sealedID, _ := seal.SealedKeyID(sealed)
		if errors.Is(err, seal.ErrUnknownKey) {
			return fmt.Errorf("%s: the stored tokens were sealed with another key (id %08x) than the one configured (id %08x); "+
				"set the key they were sealed with, or add it to WIDGETS_PREVIOUS_SECRET_KEYS", src, sealedID, kr.CurrentID())
		}
		return fmt.Errorf("%s: a stored token cannot be opened: %w", src, err)
	}
	return nil
}
