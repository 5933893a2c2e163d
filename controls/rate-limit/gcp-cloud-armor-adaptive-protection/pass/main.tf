resource "google_compute_security_policy" "api" {
  name = "orders-api"

  adaptive_protection_config {
    layer_7_ddos_defense_config {
      enable          = true
      rule_visibility = "STANDARD"
    }
  }

  rule {
    action   = "allow"
    priority = 2147483647
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
  }
}

# an edge policy for Cloud CDN: not checked
resource "google_compute_security_policy" "edge" {
  name = "static-edge"
  type = "CLOUD_ARMOR_EDGE"
}
