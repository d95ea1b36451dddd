// The TicketflowMIME target; see Package.swift for what it is for.
