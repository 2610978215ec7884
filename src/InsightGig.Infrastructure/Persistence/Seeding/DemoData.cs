using System.Globalization;
using InsightGig.Domain.Directory;

namespace InsightGig.Infrastructure.Persistence.Seeding;

/// <summary>Fixed ids and accounts of the demo data, so README, tests and benchmarks can name them.</summary>
public static class DemoData
{
    public const string Password = "InsightGig-Demo-2026!";

    public static readonly Guid NorthwindId = new("0b5f6a1e-0000-4000-8000-000000000001");
    public static readonly Guid GlobexId = new("0b5f6a1e-0000-4000-8000-000000000002");

    /// <summary>A bank on Microsoft 365: its people sign in with Microsoft and meet on Teams.</summary>
    public static readonly Guid ContosoId = new("0b5f6a1e-0000-4000-8000-000000000003");

    public static readonly DemoAccount Clara = new(new("1c000000-0000-4000-8000-000000000001"), "clara.client@northwind.example", "Clara Whitfield", "Europe/London", "08:30-17:30");
    public static readonly DemoAccount Carlos = new(new("1c000000-0000-4000-8000-000000000002"), "carlos.client@northwind.example", "Carlos Mendes", "America/New_York");
    public static readonly DemoAccount Gina = new(new("1c000000-0000-4000-8000-000000000003"), "gina.client@globex.example", "Gina Hartmann", "Europe/Berlin", "08:00-17:00");
    public static readonly DemoAccount Morgan = new(new("1c000000-0000-4000-8000-000000000004"), "morgan.client@contoso.example", "Morgan Reyes", "Europe/London");

    public static readonly DemoAccount Erin = new(new("1e000000-0000-4000-8000-000000000001"), "erin.expert@experts.example", "Erin Okafor", "Africa/Lagos", "09:00-17:00");
    public static readonly DemoAccount Hiro = new(new("1e000000-0000-4000-8000-000000000002"), "hiro.expert@experts.example", "Hiro Tanaka", "Asia/Tokyo", "10:00-19:00");
    public static readonly DemoAccount Priya = new(new("1e000000-0000-4000-8000-000000000003"), "priya.expert@experts.example", "Priya Raman", "Asia/Kolkata", "10:00-19:00");
    public static readonly DemoAccount Marco = new(new("1e000000-0000-4000-8000-000000000004"), "marco.expert@experts.example", "Marco Bianchi", "Europe/Rome");
    public static readonly DemoAccount Sofia = new(new("1e000000-0000-4000-8000-000000000005"), "sofia.expert@experts.example", "Sofia Alvarez", "America/Los_Angeles", "08:00-17:00");

    public static readonly DemoAccount Admin = new(new("1a000000-0000-4000-8000-000000000001"), "admin@insightgig.example", "Ada Admin", "UTC");

    /// <summary>Every demo account, for code that restores them (tests) or lists them.</summary>
    public static IReadOnlyList<DemoAccount> Accounts => [Clara, Carlos, Gina, Morgan, Erin, Hiro, Priya, Marco, Sofia, Admin];

    public static readonly Guid NorthwindProjectId = new("2b000000-0000-4000-8000-000000000001");
    public static readonly Guid GlobexProjectId = new("2b000000-0000-4000-8000-000000000002");
    public static readonly Guid ContosoProjectId = new("2b000000-0000-4000-8000-000000000003");
    public static readonly Guid NorthwindBriefId = new("3b000000-0000-4000-8000-000000000001");
    public static readonly Guid GlobexBriefId = new("3b000000-0000-4000-8000-000000000002");
}

/// <param name="WeekdayHours">Working hours Monday to Friday, "HH:mm-HH:mm" on their wall clock; null for 09:00–18:00.</param>
public sealed record DemoAccount(Guid Id, string Email, string FullName, string TimeZoneId, string? WeekdayHours = null)
{
    public WorkingHours WorkingHours => WeekdayHours is null
        ? WorkingHours.Default
        : WorkingHours.Weekdays(TimeOnly.Parse(WeekdayHours[..5], CultureInfo.InvariantCulture), TimeOnly.Parse(WeekdayHours[6..], CultureInfo.InvariantCulture));
}
