using InsightGig.Application.Meetings.Scheduling;

namespace InsightGig.Application.Tests.Scheduling;

/// <summary>The one rule for who of a meeting's participants a viewer is shown, and what their .ics lists.</summary>
public sealed class ParticipantVisibilityTests
{
    private static readonly Guid Northwind = Guid.NewGuid();
    private static readonly Guid Globex = Guid.NewGuid();
    private static readonly Guid Organizer = Guid.NewGuid();
    private static readonly Guid Colleague = Guid.NewGuid();
    private static readonly Guid Expert = Guid.NewGuid();
    private static readonly Guid OtherExpert = Guid.NewGuid();
    private static readonly Guid[] Participants = [Colleague, Expert, OtherExpert];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_organizer_sees_everyone_and_her_ics_lists_everyone_whatever_the_guest_list_setting(bool hidden)
    {
        var visibility = ParticipantVisibility.For(Organizer, Northwind, Organizer, Northwind, hidden);

        var (shown, others) = visibility.Apply(Participants, id => id);

        Assert.Equal(Participants, shown);
        Assert.Equal(0, others);
        Assert.Equal(Participants, visibility.InviteAttendees(Participants, id => id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_expert_sees_only_themselves_and_how_many_others_whatever_the_guest_list_setting(bool hidden)
    {
        var visibility = ParticipantVisibility.For(Expert, null, Organizer, Northwind, hidden);

        var (shown, others) = visibility.Apply(Participants, id => id);

        Assert.Equal([Expert], shown);
        Assert.Equal(2, others);
        Assert.Equal([Expert], visibility.InviteAttendees(Participants, id => id));
        Assert.True(visibility.Shows(Organizer, Organizer));
        Assert.True(visibility.Shows(Expert, Organizer));
        Assert.False(visibility.Shows(OtherExpert, Organizer));
        Assert.False(visibility.Shows(Colleague, Organizer));
    }

    [Fact]
    public void A_colleague_of_the_organizer_sees_everyone_and_their_ics_follows_the_guest_list_setting()
    {
        var open = ParticipantVisibility.For(Colleague, Northwind, Organizer, Northwind, hideGuestList: false);
        var hidden = ParticipantVisibility.For(Colleague, Northwind, Organizer, Northwind, hideGuestList: true);

        Assert.Equal(Participants, open.Apply(Participants, id => id).Shown);
        Assert.Equal(Participants, hidden.Apply(Participants, id => id).Shown);
        Assert.Equal(Participants, open.InviteAttendees(Participants, id => id));
        Assert.Equal([Colleague], hidden.InviteAttendees(Participants, id => id));
    }

    [Fact]
    public void A_client_of_another_organisation_is_treated_as_an_outsider()
    {
        var visibility = ParticipantVisibility.For(Colleague, Globex, Organizer, Northwind, hideGuestList: false);

        var (shown, others) = visibility.Apply(Participants, id => id);

        Assert.Equal([Colleague], shown);
        Assert.Equal(2, others);
    }

    [Fact]
    public void Two_people_without_an_organisation_are_not_one_organisation()
    {
        // An expert organizer (no organisation) and another expert: null is no shared organisation.
        var visibility = ParticipantVisibility.For(OtherExpert, null, Expert, null, hideGuestList: false);

        Assert.False(visibility.SeesEveryone);
        Assert.Equal([OtherExpert], visibility.Apply(Participants, id => id).Shown);
    }

    [Fact]
    public void The_guest_list_is_hidden_by_default_when_an_expert_is_invited()
    {
        static InviteCandidate Candidate(bool expert) => new(Guid.NewGuid(), "Someone", "someone@example.com", "UTC", expert);

        Assert.True(GuestListDefault.Hidden([Candidate(false), Candidate(true)]));
        Assert.False(GuestListDefault.Hidden([Candidate(false), Candidate(false)]));
        Assert.False(GuestListDefault.Hidden([]));
    }
}
