package cache_test

import (
	"testing"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/cache/cachetest"
)

func TestMemoryTier(t *testing.T) {
	cachetest.Run(t, func(t *testing.T) cache.Tier[cachetest.Sample] {
		return cache.NewMemory[cachetest.Sample](nil, nil)
	})
}
