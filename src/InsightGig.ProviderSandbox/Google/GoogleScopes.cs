namespace InsightGig.ProviderSandbox.Google;

/// <summary>The OAuth scopes the sandbox knows, with the words Google's consent screen uses for them.</summary>
internal static class GoogleScopes
{
    public const string OpenId = "openid";
    public const string Email = "email";
    public const string Profile = "profile";
    public const string UserInfoEmail = "https://www.googleapis.com/auth/userinfo.email";
    public const string UserInfoProfile = "https://www.googleapis.com/auth/userinfo.profile";
    public const string Calendar = "https://www.googleapis.com/auth/calendar";
    public const string CalendarEvents = "https://www.googleapis.com/auth/calendar.events";
    private const string Prefix = "https://www.googleapis.com/auth/";

    /// <summary>Scopes accepted by events.insert/patch/update/delete, as the discovery document lists them.</summary>
    public static readonly string[] EventsWrite =
        [Calendar, Prefix + "calendar.app.created", CalendarEvents, Prefix + "calendar.events.owned"];

    /// <summary>Scopes accepted by events.get/list, as the discovery document lists them.</summary>
    public static readonly string[] EventsRead =
    [
        Calendar, Prefix + "calendar.app.created", CalendarEvents, Prefix + "calendar.events.freebusy",
        Prefix + "calendar.events.owned", Prefix + "calendar.events.owned.readonly", Prefix + "calendar.events.public.readonly",
        Prefix + "calendar.events.readonly", Prefix + "calendar.readonly",
    ];

    /// <summary>Scopes accepted by channels.stop, as the discovery document lists them.</summary>
    public static readonly string[] ChannelsStop =
    [
        Calendar, Prefix + "calendar.acls", Prefix + "calendar.acls.readonly", Prefix + "calendar.app.created", Prefix + "calendar.calendarlist",
        Prefix + "calendar.calendarlist.readonly", CalendarEvents, Prefix + "calendar.events.freebusy", Prefix + "calendar.events.owned",
        Prefix + "calendar.events.owned.readonly", Prefix + "calendar.events.public.readonly", Prefix + "calendar.events.readonly",
        Prefix + "calendar.readonly", Prefix + "calendar.settings.readonly",
    ];

    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [OpenId] = "Associate you with your personal info on Google",
        [Email] = "See your primary Google Account email address",
        [UserInfoEmail] = "See your primary Google Account email address",
        [Profile] = "See your personal info, including any personal info you've made publicly available",
        [UserInfoProfile] = "See your personal info, including any personal info you've made publicly available",
        [Calendar] = "See, edit, share, and permanently delete all the calendars you can access using Google Calendar",
        [CalendarEvents] = "View and edit events on all your calendars",
        [Prefix + "calendar.readonly"] = "See and download any calendar you can access using your Google Calendar",
        [Prefix + "calendar.events.readonly"] = "View events on all your calendars",
        [Prefix + "calendar.events.owned"] = "See, create, change, and delete events on Google calendars you own",
        [Prefix + "calendar.events.owned.readonly"] = "See the events on Google calendars you own",
        [Prefix + "calendar.events.public.readonly"] = "See the events on public calendars",
        [Prefix + "calendar.events.freebusy"] = "See the availability on Google calendars you have access to",
        [Prefix + "calendar.app.created"] = "Make secondary Google calendars, and see, create, change, and delete events on them",
        [Prefix + "calendar.freebusy"] = "View your availability in your calendars",
        [Prefix + "calendar.settings.readonly"] = "View your Calendar settings",
        [Prefix + "calendar.calendarlist"] = "See, add, and remove Google calendars you're subscribed to",
        [Prefix + "calendar.calendarlist.readonly"] = "See the list of Google calendars you're subscribed to",
    };

    public static bool IsKnown(string scope) => Descriptions.ContainsKey(scope);

    public static string Describe(string scope) => Descriptions.GetValueOrDefault(scope, scope);

    public static bool GrantsEmail(IEnumerable<string> scopes) => scopes.Any(s => s is Email or UserInfoEmail);

    public static bool GrantsProfile(IEnumerable<string> scopes) => scopes.Any(s => s is Profile or UserInfoProfile);

    /// <summary>Google returns an id_token when the grant includes an identity scope.</summary>
    public static bool GrantsIdToken(IEnumerable<string> scopes) => scopes.Any(s => s is OpenId or Email or Profile or UserInfoEmail or UserInfoProfile);
}
