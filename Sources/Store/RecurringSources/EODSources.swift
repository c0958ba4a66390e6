/// The recurring-source kinds and steps that a standard EOD run covers, in the order they run.
public enum EODSources {
    /// Every kind of recurring source Recur posts.
    public static var standard: [any RecurringSourceKind] {
        [InvoiceSetupSource(), RecurringExpenseSource(), RecurringTaskSource(), RecurringSalesOrderSource()]
    }

    /// Every set-based step (reminders) that follows the postings.
    public static var standardSteps: [any EODStep] {
        [SubscriptionEndingReminders(), OverdueInvoiceReminders(), TaskDueReminders(), BudgetThresholdAlerts()]
    }
}
