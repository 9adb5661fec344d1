"""Phone numbers are parsed (phonenumbers) so a tap dials the number that was meant."""

import pytest
from pydantic import ValidationError

from pathways.i18n import phone_text
from pathways.content.models import Phone


@pytest.mark.parametrize("written, tel, national, e164", [
    ("819 374-2002 poste 3", "tel:+1-819-374-2002;ext=3", "819-374-2002", "+18193742002"),
    ("819-374-2002 ext. 3", "tel:+1-819-374-2002;ext=3", "819-374-2002", "+18193742002"),
    ("(819) 374-2002", "tel:+1-819-374-2002", "819-374-2002", "+18193742002"),
    ("1-800-363-9010", "tel:+1-800-363-9010", "1-800-363-9010", "+18003639010"),
    ("911", "tel:911", "911", None),
    ("211", "tel:211", "211", None),
    ("988", "tel:988", "988", None),
    ("310-1818", "tel:3101818", "310-1818", None),
])
def test_numbers_as_partners_write_them(written, tel, national, e164):
    phone = Phone(number=written)
    assert (phone.tel_uri, phone.national, phone.e164) == (tel, national, e164)


def test_extension_said_in_the_readers_language():
    phone = Phone(number="819 374-2002 poste 3")
    assert phone_text(phone, "fr") == "819-374-2002, poste 3"
    assert phone_text(phone, "en") == "819-374-2002, ext. 3"
    assert phone_text(Phone(number="211"), "fr") == "211"


@pytest.mark.parametrize("written", ["81937420023", "819-374-200", "12345", "call us", "819 374-2002 poste",
                                     "tel:911;phone-context=evil.example", '819-374-2002" onclick="alert(1)',
                                     "javascript:alert(1)", "1-800-FLOWERS"])
def test_numbers_that_cannot_be_dialled_are_refused(written):
    with pytest.raises(ValidationError) as error:
        Phone(number=written)
    assert error.value.errors()[0]["type"] == "phone_invalid"
