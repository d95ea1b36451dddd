extension CustomerInput {
    /// The details of a stored customer, for pipeline runs on an existing
    /// ticket (a reply, a queued answer): stages such as redaction need to
    /// know who the customer is there too.
    public init(_ customer: Customer) {
        self.init(
            externalID: customer.externalID, name: customer.name, email: customer.email, plan: customer.plan,
            lifetimeValue: customer.lifetimeValue, locale: customer.locale)
    }
}
