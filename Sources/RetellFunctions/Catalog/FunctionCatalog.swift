/// Every function the backend serves to Retell, each defined with its handler in its own file under `Handlers/`:
/// adding a function is that file and its line here.
public enum FunctionCatalog {
    public static let all: [AgentFunction] = [
        .checkAvailability, .createBooking, .modifyBooking, .cancelBooking, .findBooking, .sendConfirmation, .takeMessage, .joinWaitlist,
        .leaveWaitlist,
    ]

    public static func named(_ name: String) -> AgentFunction? { all.first { $0.name == name } }
}
