/// A configuration problem, printed as one line naming the variable so an operator can fix it at once.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let problem: String

    public init(_ variable: String, _ problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "configuration error: \(variable) \(problem)" }
}
