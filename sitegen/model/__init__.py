"""Model: the site's content as typed, frozen data, checked against its schema (pydantic), with every problem located."""
