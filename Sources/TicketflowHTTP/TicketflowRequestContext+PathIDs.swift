import Hummingbird

extension TicketflowRequestContext {
    /// The positive integer path parameter `name` (`:id` by default); anything
    /// else is a 404, since no such resource can exist.
    func positiveID(_ name: String = "id", of noun: String) throws -> Int64 {
        guard let raw = parameters.get(name), let id = Int64(raw), id > 0 else {
            throw Problem.notFound("\(noun) ids are positive integers")
        }
        return id
    }
}
