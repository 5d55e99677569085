package fleet_test

import (
	"testing"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/cache/cachetest"
	"github.com/wpcom-widgets/service/fleet"
	"github.com/wpcom-widgets/service/fleet/redistest"
)

func TestRedisTier(t *testing.T) {
	c := redistest.Client(t)
	cachetest.Run(t, func(t *testing.T) cache.Tier[cachetest.Sample] {
		return fleet.NewRedisTier[cachetest.Sample](c, redistest.Prefix(t, c))
	})
}

func TestTieredTier(t *testing.T) {
	c := redistest.Client(t)
	cachetest.Run(t, func(t *testing.T) cache.Tier[cachetest.Sample] {
		return fleet.NewTiered(cache.NewMemory[cachetest.Sample](nil, nil),
			fleet.NewRedisTier[cachetest.Sample](c, redistest.Prefix(t, c)), fleet.TieredOptions{})
	})
}
