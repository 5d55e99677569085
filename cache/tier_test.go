package cache_test

import (
	"testing"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/cache/cachetest"
	"github.com/wpcom-widgets/service/cache/redistest"
)

func TestMemoryTier(t *testing.T) {
	cachetest.Run(t, func(t *testing.T) cache.Tier[cachetest.Sample] {
		return cache.NewMemory[cachetest.Sample](nil, nil)
	})
}

func TestRedisTier(t *testing.T) {
	c := redistest.Client(t)
	cachetest.Run(t, func(t *testing.T) cache.Tier[cachetest.Sample] {
		return cache.NewRedis[cachetest.Sample](c, redistest.Prefix(t, c))
	})
}

func TestTieredTier(t *testing.T) {
	c := redistest.Client(t)
	cachetest.Run(t, func(t *testing.T) cache.Tier[cachetest.Sample] {
		return cache.NewTiered(cache.NewMemory[cachetest.Sample](nil, nil),
			cache.NewRedis[cachetest.Sample](c, redistest.Prefix(t, c)), cache.TieredOptions{})
	})
}
