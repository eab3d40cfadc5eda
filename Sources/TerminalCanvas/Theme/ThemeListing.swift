/// A theme found by `ThemeLibrary`: its name and where it lives.
public struct ThemeListing: Hashable, Sendable {
    /// The name to load it by (the file's stem).
    public var name: String
    /// The file's path, or nil for the built-in default theme.
    public var path: String?

    /// Creates a listing.
    public init(name: String, path: String?) {
        self.name = name
        self.path = path
    }
}
