// The TicketflowEmail target; see Package.swift for what it is for.
