"""Nobody is told of their own action; every co-employer learns its shared position is out."""
from app.cv import applications
from app.pool import moderation
from tests import factories


def test_every_co_employer_is_told_when_a_shared_position_is_published(
        establishment_a, establishment_b, member_a, member_b, staff, outbox):
    third = factories.establishment(name="SSIAD du Bocage", kind="ssiad")
    nurse_manager = factories.user("member", establishment=third)
    gone = factories.user("member", establishment=third, disabled=True)
    vacancy = factories.vacancy(establishment_a, "pending", author_id=member_a.id,
                                co_employers=[(establishment_b, 30, True), (third, 20, True)])
    moderation.publish(staff, vacancy.id)
    assert "Offre publiée" in outbox.last_to(member_a.email)["Subject"]
    for user, share in ((member_b, "30 %"), (nurse_manager, "20 %")):
        message = outbox.last_to(user.email)
        assert message["Subject"] == f"Poste partagé publié : {vacancy.title}"
        assert share in outbox.body(message)
    assert not outbox.to(gone.email) and not outbox.to(staff.email)
    assert len(outbox.to(member_a.email)) == 1


def test_an_ordinary_vacancy_tells_its_author_alone(establishment_a, member_a, staff, outbox):
    colleague = factories.user("member", establishment=establishment_a)
    vacancy = factories.vacancy(establishment_a, "pending", author_id=member_a.id)
    moderation.publish(staff, vacancy.id)
    assert [m["To"] for m in outbox.messages()] == [member_a.email]
    assert not outbox.to(colleague.email)


def test_the_employer_who_moves_an_application_is_not_mailed_about_it(
        establishment_a, member_a, candidate, outbox):
    colleague = factories.user("member", establishment=establishment_a)
    factories.cv_profile(candidate, in_bank=False)
    vacancy = factories.vacancy(establishment_a, "published")
    application = factories.application(candidate, vacancy)
    applications.move(member_a, application.id, "contact")
    assert outbox.to(candidate.email) and outbox.to(colleague.email)
    assert not outbox.to(member_a.email)
