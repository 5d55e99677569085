package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store/storetest"
)

// TestReplicasStartTogetherOnAnEmptyDatabase is `docker compose up` with
// several replicas: four start at the same instant on a fresh PostgreSQL
// database, ten times over, and every one of them comes up and serves.
// Without the migrations lock, one of them died with "partial migration".
func TestReplicasStartTogetherOnAnEmptyDatabase(t *testing.T) {
	const replicas, rounds = 4, 10
	key := seal.GenerateKey()
	for round := range rounds {
		dbURL := storetest.FreshPostgresURL(t)
		start := make(chan struct{})
		apps := make([]*app.App, replicas)
		errs := make([]error, replicas)
		dirs := make([]string, replicas)
		for i := range dirs {
			dirs[i] = t.TempDir()
		}
		var wg sync.WaitGroup
		for i := range replicas {
			wg.Go(func() {
				<-start
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				apps[i], errs[i] = app.New(ctx, app.Config{BaseURL: "http://127.0.0.1:1", DataDir: dirs[i], DatabaseURL: dbURL,
					SecretKey: key, WPCOMURL: "http://127.0.0.1:1", ClientID: "5", ClientSecret: "s", RefreshInterval: time.Minute})
			})
		}
		close(start)
		wg.Wait()
		for i, a := range apps {
			if errs[i] != nil {
				t.Fatalf("round %d: replica %d did not start: %v", round+1, i+1, errs[i])
			}
			rec := httptest.NewRecorder()
			a.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			if rec.Code != http.StatusOK {
				t.Errorf("round %d: replica %d is not ready: %d %s", round+1, i+1, rec.Code, rec.Body)
			}
			a.Close()
		}
	}
}
