import Testing

@testable import TicketflowIMAP
@testable import TicketflowMIME
@testable import TicketflowSMTP
