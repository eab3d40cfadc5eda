/// How writes meet the caches: cache-aside, write-through or write-behind.
enum WriteMode: String {
    /// Write the backend, then invalidate the cached key (cache-aside).
    case aside
    /// Write the backend, then put the new value in the caches.
    case through
    /// Put the value in the caches and reply; a background queue writes the backend later.
    case behind
}
