import Testing

@testable import TicketflowEmail
