using InsightGig.Application.Directory.GetExpertProfile;
using InsightGig.Application.Directory.ListExperts;
using InsightGig.Domain.Common;
using InsightGig.Infrastructure.Persistence.Seeding;

namespace InsightGig.Application.Tests;

public sealed class ExpertDirectoryTests(SeededSqliteFixture fixture) : IClassFixture<SeededSqliteFixture>
{
    private async Task<IReadOnlyList<ExpertListItem>> Search(string? words)
    {
        await using var db = fixture.CreateDbContext();
        return await new ListExpertsHandler(db).Handle(new ListExpertsQuery(words), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Without_a_search_every_expert_is_listed_by_name()
    {
        var experts = await Search(null);

        Assert.Equal(
            [DemoData.Erin.FullName, DemoData.Hiro.FullName, DemoData.Marco.FullName, DemoData.Priya.FullName, DemoData.Sofia.FullName],
            experts.Select(e => e.FullName));
        Assert.DoesNotContain(experts, e => e.Id == DemoData.Clara.Id || e.Id == DemoData.Admin.Id);
    }

    [Theory]
    [InlineData("lithium", "Erin Okafor")]
    [InlineData("TANAKA", "Hiro Tanaka")]
    [InlineData("brand strategy", "Marco Bianchi")]
    [InlineData("  upi  ", "Priya Raman")]
    [InlineData("gpus", "Sofia Alvarez")]
    public async Task A_word_finds_experts_by_name_headline_or_expertise_ignoring_case(string words, string expected)
    {
        var experts = await Search(words);

        Assert.Equal([expected], experts.Select(e => e.FullName));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_search_lists_everyone(string words) =>
        Assert.Equal(5, (await Search(words)).Count);

    [Fact]
    public async Task A_word_that_matches_nobody_finds_nothing() =>
        Assert.Empty(await Search("quantum basket weaving"));

    [Fact]
    public async Task The_list_carries_expertise_location_and_time_zone()
    {
        var hiro = Assert.Single(await Search("Hiro"));

        Assert.Equal(DemoData.Hiro.Id, hiro.Id);
        Assert.Equal(["Semiconductors", "Foundry", "Capex"], hiro.Expertise);
        Assert.Equal("Tokyo, Japan", hiro.Location);
        Assert.Equal("Asia/Tokyo", hiro.TimeZoneId);
    }

    [Fact]
    public async Task A_profile_has_the_full_view()
    {
        await using var db = fixture.CreateDbContext();

        var profile = (await new GetExpertProfileHandler(db).Handle(new GetExpertProfileQuery(DemoData.Priya.Id), TestContext.Current.CancellationToken)).Value;

        Assert.Equal(DemoData.Priya.FullName, profile.FullName);
        Assert.Equal("Digital payments in emerging markets", profile.Headline);
        Assert.Contains("merchant-acquiring", profile.Bio, StringComparison.Ordinal);
        Assert.Equal(["Payments", "UPI", "Fintech regulation"], profile.Expertise);
        Assert.Equal(11, profile.YearsOfExperience);
        Assert.Equal("Bengaluru, India", profile.Location);
        Assert.Equal("Asia/Kolkata", profile.TimeZoneId);
    }

    [Fact]
    public async Task A_person_who_is_not_an_expert_has_no_profile()
    {
        await using var db = fixture.CreateDbContext();
        var handler = new GetExpertProfileHandler(db);

        var client = await handler.Handle(new GetExpertProfileQuery(DemoData.Clara.Id), TestContext.Current.CancellationToken);
        var unknown = await handler.Handle(new GetExpertProfileQuery(Guid.NewGuid()), TestContext.Current.CancellationToken);

        Assert.Equal("expert.not_found", client.FirstError.Code);
        Assert.Equal(ErrorKind.NotFound, unknown.FirstError.Kind);
    }
}
