// Stand-in module "Darwin" for `make check-windows` (scripts/check-windows.py): the home of the stand-in's
// `WindowsBool`. It is compiled into .build/check-windows only and never ships; no product code imports it.
//
// Why a module named Darwin: Swift on Windows imports the C type `BOOL` as `WinSDK.WindowsBool`, and bridges it
// to `Bool` in function parameters and results (not in struct fields, pointees or C function pointer types).
// The ClangImporter does that only when its target is Windows. On Linux the one C typedef it maps to a Swift
// struct with that same bridging is MacTypes' `Boolean` (an `unsigned char`), mapped to `Darwin.DarwinBoolean`
// whenever a module named Darwin is loaded. So the stand-in's headers spell BOOL as that `Boolean`, this module
// provides `DarwinBoolean` as another name of `WindowsBool`, and the WinSDK stand-in overlay imports it (without
// re-exporting it) and re-exports `WindowsBool`. The API below follows the WinSDK overlay's `WindowsBool`.

/// The C `BOOL` (an `int`) as Swift on Windows sees it in struct fields, pointers and C function types.
@frozen
public struct WindowsBool: ExpressibleByBooleanLiteral, Equatable {
    @usableFromInline
    var storage: Int32

    /// `false` for 0, `true` for any other value, as C reads a `BOOL`.
    @_transparent
    public var boolValue: Bool { storage != 0 }

    @_transparent
    public init(_ value: Bool) { storage = value ? 1 : 0 }

    @_transparent
    public init(booleanLiteral value: Bool) { self.init(value) }

    @_transparent
    public static func == (lhs: WindowsBool, rhs: WindowsBool) -> Bool { lhs.boolValue == rhs.boolValue }
}

extension WindowsBool: CustomStringConvertible {
    public var description: String { boolValue.description }
}

extension WindowsBool: CustomReflectable {
    public var customMirror: Mirror { Mirror(reflecting: boolValue) }
}

/// The name the ClangImporter looks up for a C `Boolean`; see the comment at the top.
public typealias DarwinBoolean = WindowsBool

// The conversions SILGen calls where it bridges `Boolean` and `Bool`.
@_transparent
public func _convertBoolToDarwinBoolean(_ value: Bool) -> DarwinBoolean { DarwinBoolean(value) }

@_transparent
public func _convertDarwinBooleanToBool(_ value: DarwinBoolean) -> Bool { value.boolValue }
