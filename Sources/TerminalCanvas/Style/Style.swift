/// A style to paint cells with: optional foreground and background colours and text
/// attributes.
///
/// Like ratatui's `Style`, a colour left `nil` keeps whatever the cell already has, so a
/// span of text written over a filled background keeps that background.
public struct Style: Hashable, Sendable {
    /// The foreground colour, or nil to keep the cell's.
    public var foreground: Color?
    /// The background colour, or nil to keep the cell's.
    public var background: Color?
    /// The attributes to set.
    public var attributes: TextAttributes

    /// Creates a style.
    public init(foreground: Color? = nil, background: Color? = nil, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The style that changes nothing but clears attributes.
    public static let plain = Style()

    /// A copy with the foreground set.
    public func foreground(_ color: Color?) -> Style {
        var s = self
        s.foreground = color
        return s
    }

    /// A copy with the background set.
    public func background(_ color: Color?) -> Style {
        var s = self
        s.background = color
        return s
    }

    /// A copy with `extra` attributes added.
    public func adding(_ extra: TextAttributes) -> Style {
        var s = self
        s.attributes.formUnion(extra)
        return s
    }

    /// `other` laid over `self`: its colours where set, the union of the attributes.
    public func patched(with other: Style) -> Style {
        Style(
            foreground: other.foreground ?? foreground,
            background: other.background ?? background,
            attributes: attributes.union(other.attributes))
    }
}
