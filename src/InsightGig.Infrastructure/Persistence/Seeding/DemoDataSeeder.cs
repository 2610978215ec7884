using InsightGig.Domain.Directory;
using InsightGig.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Infrastructure.Persistence.Seeding;

/// <summary>
/// Seeds the demo world (Development only): three client organisations (the third, Contoso Bank, on Microsoft 365), their
/// users, five experts, a project each, a brief for the first two, and an admin. Does nothing when any organisation exists, so it never touches real data.
/// </summary>
public sealed class DemoDataSeeder(ApplicationDbContext db, UserManager<ApplicationUser> users, RoleManager<IdentityRole<Guid>> roles, TimeProvider clock)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await EnsureRolesAsync();
        if (await db.Organisations.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var northwind = new Organisation(DemoData.NorthwindId, "Northwind Capital");
        var globex = new Organisation(DemoData.GlobexId, "Globex Partners");
        var contoso = new Organisation(DemoData.ContosoId, "Contoso Bank");
        db.Organisations.AddRange(northwind, globex, contoso);

        var clara = Client(DemoData.Clara, northwind.Id);
        var carlos = Client(DemoData.Carlos, northwind.Id);
        var gina = Client(DemoData.Gina, globex.Id);
        var morgan = Client(DemoData.Morgan, contoso.Id);
        var erin = ExpertPerson(DemoData.Erin, "Battery supply chains and critical minerals", ["Lithium", "Cobalt", "Supply chain"], 14, "Lagos, Nigeria",
            "Former procurement director at a cell manufacturer; advises investors on battery-material sourcing across Africa and Asia.");
        var hiro = ExpertPerson(DemoData.Hiro, "Semiconductor manufacturing and fab economics", ["Semiconductors", "Foundry", "Capex"], 20, "Tokyo, Japan",
            "Two decades in front-end process engineering and fab planning; explains capacity, yields and equipment lead times.");
        var priya = ExpertPerson(DemoData.Priya, "Digital payments in emerging markets", ["Payments", "UPI", "Fintech regulation"], 11, "Bengaluru, India",
            "Built merchant-acquiring products at two payment companies; tracks regulation and unit economics of real-time payments.");
        var marco = ExpertPerson(DemoData.Marco, "Luxury retail and brand strategy", ["Luxury", "Retail", "Pricing"], 17, "Milan, Italy",
            "Ex-regional director of a luxury group; covers pricing power, wholesale-to-retail shifts and Chinese demand.");
        var sofia = ExpertPerson(DemoData.Sofia, "Cloud infrastructure and AI workloads", ["Cloud", "GPUs", "Data centers"], 9, "San Francisco, USA",
            "Capacity planner for hyperscale data centers; speaks to GPU supply, power constraints and pricing of AI compute.");
        var admin = new Person(DemoData.Admin.Id, PersonKind.Staff, DemoData.Admin.FullName, DemoData.Admin.Email, DemoData.Admin.TimeZoneId, null);
        db.People.AddRange(clara, carlos, gina, morgan, erin.Person, hiro.Person, priya.Person, marco.Person, sofia.Person, admin);
        db.Experts.AddRange(erin.Profile, hiro.Profile, priya.Profile, marco.Profile, sofia.Profile);

        var evProject = new Project(DemoData.NorthwindProjectId, northwind.Id, "EV battery supply due diligence",
            "Assess the resilience of lithium and cobalt supply for a potential investment in a European cell maker.", now);
        foreach (var person in new[] { clara, carlos, erin.Person, hiro.Person, sofia.Person })
        {
            evProject.AddCollaborator(person, now);
        }

        var globexProject = new Project(DemoData.GlobexProjectId, globex.Id, "Luxury demand in Asia",
            "Understand the recovery of luxury spending in mainland China and Japan.", now);
        foreach (var person in new[] { gina, marco.Person })
        {
            globexProject.AddCollaborator(person, now);
        }

        var contosoProject = new Project(DemoData.ContosoProjectId, contoso.Id, "Real-time payments platform review",
            "Choose a real-time payments processor and size the cloud capacity it needs.", now);
        foreach (var person in new[] { morgan, hiro.Person, sofia.Person })
        {
            contosoProject.AddCollaborator(person, now);
        }

        db.Projects.AddRange(evProject, globexProject, contosoProject);
        db.Briefs.AddRange(
            new Brief(DemoData.NorthwindBriefId, northwind.Id, clara.Id, priya.Person.Id, "Real-time payments adoption in India",
                "We are sizing merchant adoption of UPI and want a 60-minute call on fees, interchange and regulation.", now),
            new Brief(DemoData.GlobexBriefId, globex.Id, gina.Id, marco.Person.Id, "Pricing power of soft-luxury brands",
                "How far can mid-tier luxury brands raise prices before volumes fall?", now));
        await db.SaveChangesAsync(cancellationToken);

        await CreateAccountAsync(DemoData.Clara, Roles.Client);
        await CreateAccountAsync(DemoData.Carlos, Roles.Client);
        await CreateAccountAsync(DemoData.Gina, Roles.Client);
        await CreateAccountAsync(DemoData.Morgan, Roles.Client);
        foreach (var expert in new[] { DemoData.Erin, DemoData.Hiro, DemoData.Priya, DemoData.Marco, DemoData.Sofia })
        {
            await CreateAccountAsync(expert, Roles.Expert);
        }

        await CreateAccountAsync(DemoData.Admin, Roles.Admin);
    }

    private static Person Client(DemoAccount account, Guid organisationId) =>
        WithHours(new(account.Id, PersonKind.Client, account.FullName, account.Email, account.TimeZoneId, organisationId), account);

    private static Person WithHours(Person person, DemoAccount account)
    {
        person.ChangeWorkingHours(account.WorkingHours);
        return person;
    }

    private static (Person Person, Expert Profile) ExpertPerson(DemoAccount account, string headline, string[] expertise, int years, string location, string bio) =>
        (WithHours(new Person(account.Id, PersonKind.Expert, account.FullName, account.Email, account.TimeZoneId, null), account),
         new Expert(account.Id, headline, bio, expertise, years, location));

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.NewGuid() }));
            }
        }
    }

    private async Task CreateAccountAsync(DemoAccount account, string role)
    {
        var user = new ApplicationUser { Id = account.Id, UserName = account.Email, Email = account.Email, EmailConfirmed = true };
        Check(await users.CreateAsync(user, DemoData.Password));
        Check(await users.AddToRoleAsync(user, role));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding demo accounts failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
