package server

import (
	"context"
	"errors"
	"sync"

	"github.com/mamori-dev/mamori/engine"
	"github.com/mamori-dev/mamori/internal/store"
)

// cache holds what gate decisions and token checks read, for one
// generation of the store. The server swaps in an empty cache when the
// generation moves, so an entry is never older than the last change
// the server has seen. Missing records are cached too, as nil.
type cache struct {
	gen int64

	mu        sync.RWMutex
	tokens    map[string]*principal
	orgs      map[string]*orgState
	sites     map[string]*siteState
	verdicts  map[[2]string]*store.Verdict
	contracts map[string]*store.Contract
	decisions map[string]*engine.GateDecision
}

// maxCacheEntries bounds each map; a full map is emptied.
const maxCacheEntries = 200_000

type orgState struct {
	org        store.Organization
	suspension *store.Suspension
}

type siteState struct {
	site         store.Site
	pre, final   string
	preID, finID string
}

func newCache(gen int64) *cache {
	return &cache{
		gen:       gen,
		tokens:    map[string]*principal{},
		orgs:      map[string]*orgState{},
		sites:     map[string]*siteState{},
		verdicts:  map[[2]string]*store.Verdict{},
		contracts: map[string]*store.Contract{},
		decisions: map[string]*engine.GateDecision{},
	}
}

// lookup returns m[k], loading and caching it on a miss.
func lookup[K comparable, V any](c *cache, m map[K]*V, k K, load func() (*V, error)) (*V, error) {
	c.mu.RLock()
	v, ok := m[k]
	c.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(m) >= maxCacheEntries {
		clear(m)
	}
	m[k] = v
	c.mu.Unlock()
	return v, nil
}

// notFoundNil turns ErrNotFound into a nil record.
func notFoundNil[V any](v V, err error) (*V, error) {
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

func (c *cache) token(ctx context.Context, st store.Store, raw string) (*principal, error) {
	p, err := lookup(c, c.tokens, store.HashToken(raw), func() (*principal, error) {
		t, err := st.LookupToken(ctx, raw)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &principal{TokenID: t.ID, Subject: t.Subject, Role: t.Role, Org: t.OrgID}, nil
	})
	if err == nil && p == nil {
		err = store.ErrNotFound
	}
	return p, err
}

func (c *cache) org(ctx context.Context, st store.Store, id string) (*orgState, error) {
	return lookup(c, c.orgs, id, func() (*orgState, error) {
		o, err := notFoundNil(st.GetOrganization(ctx, id))
		if err != nil || o == nil {
			return nil, err
		}
		sp, err := notFoundNil(st.ActiveSuspension(ctx, id))
		if err != nil {
			return nil, err
		}
		return &orgState{org: *o, suspension: sp}, nil
	})
}

func (c *cache) site(ctx context.Context, st store.Store, id string) (*siteState, error) {
	return lookup(c, c.sites, id, func() (*siteState, error) {
		s, err := notFoundNil(st.GetSite(ctx, id))
		if err != nil || s == nil {
			return nil, err
		}
		checks, err := st.ListSiteChecks(ctx, id)
		if err != nil {
			return nil, err
		}
		ss := &siteState{site: *s, pre: engine.SiteCheckNone, final: engine.SiteCheckNone}
		// Latest first: the first of each kind is the one in force.
		for _, ch := range checks {
			switch {
			case ch.Kind == store.CheckPre && ss.preID == "":
				ss.pre, ss.preID = ch.Result, ch.ID
			case ch.Kind == store.CheckFinal && ss.finID == "":
				ss.final, ss.finID = ch.Result, ch.ID
			}
		}
		return ss, nil
	})
}

// verdict is the organisation's current verdict for the site, or its
// organisation-wide verdict when the site has none of its own.
func (c *cache) verdict(ctx context.Context, st store.Store, org, site string) (*store.Verdict, error) {
	return lookup(c, c.verdicts, [2]string{org, site}, func() (*store.Verdict, error) {
		v, err := notFoundNil(st.CurrentVerdict(ctx, org, site))
		if err != nil || v != nil || site == "" {
			return v, err
		}
		return notFoundNil(st.CurrentVerdict(ctx, org, ""))
	})
}

func (c *cache) contract(ctx context.Context, st store.Store, id string) (*store.Contract, error) {
	return lookup(c, c.contracts, id, func() (*store.Contract, error) {
		return notFoundNil(st.GetContract(ctx, id))
	})
}

func (c *cache) decision(key string, decide func() (*engine.GateDecision, error)) (*engine.GateDecision, error) {
	return lookup(c, c.decisions, key, decide)
}

// verdictCache holds decoded verdicts by ID. Stored verdicts never
// change, so entries stay until the cache is full.
type verdictCache struct {
	mu  sync.RWMutex
	max int
	m   map[string]*engine.Verdict
}

func newVerdictCache(max int) *verdictCache {
	return &verdictCache{max: max, m: map[string]*engine.Verdict{}}
}

func (vc *verdictCache) get(id string, decode func() (*engine.Verdict, error)) (*engine.Verdict, error) {
	vc.mu.RLock()
	v, ok := vc.m[id]
	vc.mu.RUnlock()
	if ok {
		return v, nil
	}
	v, err := decode()
	if err != nil {
		return nil, err
	}
	vc.mu.Lock()
	if len(vc.m) >= vc.max {
		clear(vc.m)
	}
	vc.m[id] = v
	vc.mu.Unlock()
	return v, nil
}
