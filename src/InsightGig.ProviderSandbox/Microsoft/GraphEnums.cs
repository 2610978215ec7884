namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// The Graph enum members and scopes the sandbox reads and writes, spelled as in the v1.0 metadata (the conformance tests check
/// every one of them against the CSDL extract).
/// </summary>
internal static class GraphEnums
{
    // onlineMeetingProviderType
    public const string Unknown = "unknown";
    public const string SkypeForBusiness = "skypeForBusiness";
    public const string SkypeForConsumer = "skypeForConsumer";
    public const string TeamsForBusiness = "teamsForBusiness";

    // responseType
    public const string None = "none";
    public const string Organizer = "organizer";
    public const string TentativelyAccepted = "tentativelyAccepted";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string NotResponded = "notResponded";

    // changeType, lifecycleEventType
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Missed = "missed";
    public const string SubscriptionRemoved = "subscriptionRemoved";
    public const string ReauthorizationRequired = "reauthorizationRequired";

    public static readonly string[] OnlineMeetingProviders = [Unknown, SkypeForBusiness, SkypeForConsumer, TeamsForBusiness];
    public static readonly string[] Responses = [None, Organizer, TentativelyAccepted, Accepted, Declined, NotResponded];
    public static readonly string[] AttendeeTypes = ["required", "optional", "resource"];
    public static readonly string[] BodyTypes = ["text", "html"];
    public static readonly string[] Importances = ["low", "normal", "high"];
    public static readonly string[] Sensitivities = ["normal", "personal", "private", "confidential"];
    public static readonly string[] FreeBusyStatuses = ["unknown", "free", "tentative", "busy", "oof", "workingElsewhere"];
    public static readonly string[] ChangeTypes = [Created, Updated, Deleted];
    public static readonly string[] LifecycleEvents = [Missed, SubscriptionRemoved, ReauthorizationRequired];

    /// <summary>The answers a person gives to an invitation (Outlook's Accept, Tentative, Decline).</summary>
    public static readonly string[] Answers = [Accepted, TentativelyAccepted, Declined];
}
