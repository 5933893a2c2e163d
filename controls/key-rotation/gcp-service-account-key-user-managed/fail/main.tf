resource "google_service_account" "ci" {
  account_id = "ci-deployer"
}

resource "google_service_account_key" "ci" { # fail: key
  service_account_id = google_service_account.ci.name
}
