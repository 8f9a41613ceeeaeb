"""The visit-report API's query-string parameters (icv.api_params), read by its views and
described by its OpenAPI document."""

from __future__ import annotations

from icv.api_params import Params, moment

SINCE = Params(moment("since", "Only reports received or amended after this moment"))
