package fleet

// Up reports whether the shared tier answered last time it was asked.
func (t *Tiered[V]) Up() bool { return !t.down.Load() }
