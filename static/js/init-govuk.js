// Start GOV.UK Frontend's components (menu toggle, error summary focus, ...).
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();
