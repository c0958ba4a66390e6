import HTTPServer

/// The dashboard's languages. Chosen per request: `?lang=` (remembered in the `recur_lang` cookie), else that
/// cookie, else the first supported language of `Accept-Language`, else English.
enum DashboardLanguage: String, Sendable, CaseIterable {
    case en, fr

    static let cookie = "recur_lang"

    /// The request's language and whether it came from `?lang=` (then the answer sets the cookie).
    static func of(_ request: Request) -> (language: DashboardLanguage, chosen: Bool) {
        if let asked = request.query("lang").flatMap(DashboardLanguage.init(rawValue:)) { return (asked, true) }
        if let remembered = RequestCookies.value(cookie, in: request).flatMap(DashboardLanguage.init(rawValue:)) {
            return (remembered, false)
        }
        for header in request.headers.values(for: "accept-language") {
            for range in header.split(separator: ",") {
                let tag = range.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
                let primary = tag.split(separator: "-").first.map(String.init) ?? tag
                if let language = DashboardLanguage(rawValue: primary) { return (language, false) }
            }
        }
        return (.en, false)
    }

    /// The strings of this language: one catalogue per language, one exhaustive `switch` each, so that a key
    /// missing from a language is a compile error.
    func callAsFunction(_ key: DashboardText) -> String {
        switch self {
        case .en: DashboardText.english(key)
        case .fr: DashboardText.french(key)
        }
    }
}

/// Every string a dashboard page shows (catalogues: `DashboardText+English.swift`, `DashboardText+French.swift`).
enum DashboardText: String, Sendable, CaseIterable {
    // Layout
    case appName, skipToContent, mainNavigation, languageNavigation, navHome, navInvoices, signedInAs, logOut
    case roleViewer, roleAccountant, roleOwner
    // Login
    case loginTitle, loginTenant, loginEmail, loginPassword, loginSubmit, loginFailed, loginThrottled, loginMissing
    case loggedOut
    // Errors
    case errorTitle, errorForbidden, errorNotFound, errorCSRF, errorUnavailable
    // Home
    case homeTitle, chartProfitAndLoss, chartIncome, chartExpenseByCategory, chartCashflow, chartAgeing, chartMRR
    case seriesIncome, seriesExpense, seriesNet, seriesMoneyIn, seriesMoneyOut, seriesMRR, seriesAmount
    case chartDataTable, columnMonth, columnCategory, columnBucket
    case budgetsTitle, budgetName, budgetBudgeted, budgetActual, budgetUsed, budgetAlert, budgetsNone
    case overdueTitle, overdueNone, upcomingTitle, upcomingNone, columnDate, columnSource, noData, inCurrency
    // Invoices
    case invoicesTitle, invoiceNumber, invoiceParty, invoiceStatus, invoiceIssueDate, invoiceDueDate, invoiceTotal
    case invoiceBalance, invoiceCurrency, filterStatus, filterParty, filterFrom, filterTo, filterApply, filterAll
    case pageNext, pageFirst, invoicesNone, invoiceLines, lineDescription, lineQuantity, linePrice, lineAmount
    case invoicePayments, paymentDate, paymentAmount, paymentsNone, invoiceDocument, downloadPDF, invoiceAudit
    case auditWhen, auditWho, auditAction, auditNone, auditHidden, invoiceActions
    case actionIssue, actionVoid, actionCredit, actionResend, actionDone, actionFailed, draftLabel, backToInvoices
    case statusDraft, statusIssued, statusPaid, statusPartiallyPaid, statusVoid, statusCredited, statusOverdue
    // Recurring templates
    case navRecurring, recurringTitle, recurringKinds, recurringInvoices, recurringExpenses, recurringTasks
    case recurringSalesOrders, recurringNone, recurringName, recurringSchedule, recurringLastPosted, recurringActive
    case recurringPaused, recurringEnded, recurringPause, recurringResume, recurringEnd, recurringCatchUp
    case recurringPreview, recurringPreviewNone, recurringPeriod
    // Expenses and budgets
    case navExpenses, navBudgets, expensesTitle, expensesNone, expenseVendor, expenseReference, expenseUnpaid
    case expenseReversed, expenseTax, expensePaidOn, expenseReversedOn, expenseProject, expenseDepartment
    case expenseNotes, auditOfRecord, budgetYear, budgetScope, budgetAsOf, budgetMonitor, budgetThreshold
    case budgetAccount, budgetYTDBudget, budgetYTDActual, budgetVariance, budgetForecast, budgetAlertsSent
    // Notifications and EOD runs
    case navNotifications, navEOD, notificationsTitle, notificationsNone, notificationKind, notificationRecipient
    case notificationSubject, notificationAttempts, notificationError, notificationAlertRecipients, deliveryPending
    case deliverySending, deliverySent, deliveryRetrying, deliveryFailed, deliveryCancelled, eodTitle, eodNone
    case eodStart, eodAsOf, eodRequestedBy, eodStarted, eodFinished, eodCounts
    // Audit
    case navAudit, auditTitle, auditActorType, auditActorUser, auditActorKey, auditActorID, auditResourceType
    case auditResourceID
    // Settings and users
    case navSettings, navUsers, settingsTitle, settingsEdit, settingsSave, settingsName, settingsTimeZone
    case settingsInvoiceDating, settingsOccurrenceDate, settingsEODDate, usersTitle, usersRole, usersChangeRole
    case usersDisable, usersEnable, usersInvite, usersInvited, usersDisabled, usersPending
    // Links e-mailed to people: accept an invitation, reset a forgotten password
    case invitationTitle, invitationIntro, newPassword, setPassword, passwordSet, linkInvalid
    case loginTOTP, forgotPassword, resetTitle, resetIntro, resetRequest, resetSent, resetChooseTitle
    // The user's own account: two-step login (TOTP)
    case navAccount, accountTitle, totpTitle, totpOn, totpOff, totpIntro, totpStart, totpScan, totpSecret, totpURI
    case totpParameters, totpCode, totpConfirm, totpWrongCode, totpStartOver, totpEnabled, totpRecoveryCodes
    case totpRecoveryHint, totpDisable, totpDisableCode
}
