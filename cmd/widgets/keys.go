package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store"
)

// runRotateKey re-seals every stored token with the current key. With
// -generate (embedded default only) it first makes a new key in the key
// file, keeping the old one until every token is re-sealed.
func runRotateKey(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	// Its own flag and the service's settings, in one FlagSet.
	fs := flag.NewFlagSet("widgets rotate-key", flag.ContinueOnError)
	generate := fs.Bool("generate", false, "make a new key in the data directory's key file first (only without WIDGETS_SECRET_KEY)")
	cfg, err := parseSettings(fs, false, args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "widgets rotate-key: %v\n", err)
		return 2
	}
	log := newLogger(stdout, cfg.LogFormat, cfg.LogLevel)
	cur, prev, src, err := app.LoadKeys(cfg.SecretKey, cfg.PreviousKeys, cfg.DataDir, log)
	if err != nil {
		fmt.Fprintf(stderr, "widgets rotate-key: %v\n", err)
		return 1
	}
	if *generate {
		if src != app.FromFile {
			fmt.Fprintf(stderr, "widgets rotate-key: -generate works with the key file only; with WIDGETS_SECRET_KEY, "+
				"set the new key there and the old one in WIDGETS_PREVIOUS_SECRET_KEYS, then run rotate-key\n")
			return 2
		}
		next := seal.GenerateKey()
		// Written before anything is re-sealed: a crash leaves a file that
		// still opens every token.
		if err := seal.WriteKeyFile(cfg.DataDir, append([][]byte{next, cur}, prev...)...); err != nil {
			fmt.Fprintf(stderr, "widgets rotate-key: %v\n", err)
			return 1
		}
		cur, prev = next, append([][]byte{cur}, prev...)
	}
	kr, err := seal.NewKeyring(cur, prev...)
	if err != nil {
		fmt.Fprintf(stderr, "widgets rotate-key: %v\n", err)
		return 1
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		fmt.Fprintf(stderr, "widgets rotate-key: %v\n", err)
		return 1
	}
	defer st.Close()
	n, err := st.ResealTokens(ctx, func(id int64, sealed []byte) ([]byte, error) {
		if kr.IsCurrent(sealed) {
			return sealed, nil
		}
		plain, err := kr.Open(sealed, model.TokenContext(id))
		if err != nil {
			return nil, err
		}
		return kr.Seal(plain, model.TokenContext(id))
	})
	if err != nil {
		fmt.Fprintf(stderr, "widgets rotate-key: nothing was changed: %v\n", err)
		return 1
	}
	if *generate {
		if err := seal.WriteKeyFile(cfg.DataDir, cur); err != nil {
			fmt.Fprintf(stderr, "widgets rotate-key: tokens re-sealed, but the old key could not be dropped from the key file: %v\n", err)
			return 1
		}
	}
	fmt.Fprintf(stdout, "re-sealed %d token(s) with key %08x\n", n, kr.CurrentID())
	if src == app.FromEnv && len(prev) > 0 {
		fmt.Fprintf(stdout, "every token now uses WIDGETS_SECRET_KEY; WIDGETS_PREVIOUS_SECRET_KEYS can be emptied\n")
	}
	return 0
}
