resource "google_compute_security_policy" "api" {
  name = "api-waf"
  rule {
    action   = "throttle"
    priority = 500
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
    rate_limit_options {
      conform_action = "allow"
      exceed_action  = "deny(429)"
      enforce_on_key = "IP"
      rate_limit_threshold {
        count        = 600
        interval_sec = 60
      }
    }
  }
}

resource "google_compute_region_security_policy" "internal" {
  name   = "internal-api"
  region = "europe-west1"
  type   = "CLOUD_ARMOR"
  rules {
    action   = "rate_based_ban"
    priority = 500
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
    rate_limit_options {
      conform_action   = "allow"
      exceed_action    = "deny(429)"
      enforce_on_key   = "IP"
      ban_duration_sec = 600
      rate_limit_threshold {
        count        = 1000
        interval_sec = 60
      }
    }
  }
}

# the rate-based rule is a resource of its own
resource "google_compute_security_policy" "partners" {
  name = "partners-api"
}

resource "google_compute_security_policy_rule" "partners_throttle" {
  security_policy = google_compute_security_policy.partners.name
  priority        = 100
  action          = "throttle"
  match {
    versioned_expr = "SRC_IPS_V1"
    config {
      src_ip_ranges = ["*"]
    }
  }
  rate_limit_options {
    conform_action = "allow"
    exceed_action  = "deny(429)"
    enforce_on_key = "IP"
    rate_limit_threshold {
      count        = 600
      interval_sec = 60
    }
  }
}

resource "google_compute_region_security_policy" "internal_rules" {
  name   = "internal-rules"
  region = "europe-west1"
  type   = "CLOUD_ARMOR"
}

resource "google_compute_region_security_policy_rule" "internal_ban" {
  region          = "europe-west1"
  security_policy = google_compute_region_security_policy.internal_rules.name
  priority        = 100
  action          = "rate_based_ban"
  match {
    versioned_expr = "SRC_IPS_V1"
    config {
      src_ip_ranges = ["*"]
    }
  }
  rate_limit_options {
    conform_action   = "allow"
    exceed_action    = "deny(429)"
    enforce_on_key   = "IP"
    ban_duration_sec = 600
    rate_limit_threshold {
      count        = 1200
      interval_sec = 60
    }
  }
}
