resource "google_apigee_api_product" "partners" {
  org_id          = "organizations/acme-prod"
  name            = "partners"
  display_name    = "Partner API"
  approval_type   = "manual"
  environments    = ["prod"]
  api_resources   = ["/orders/**"]
  proxies         = ["orders-v1"]
  quota           = "1000"
  quota_interval  = "1"
  quota_time_unit = "minute"
}

resource "google_apigee_api_product" "mobile" {
  org_id        = "organizations/acme-prod"
  name          = "mobile"
  display_name  = "Mobile API"
  approval_type = "auto"
  environments  = ["prod"]

  operation_group {
    operation_config_type = "proxy"
    operation_configs {
      api_source = "orders-v1"
      operations {
        resource = "/orders"
        methods  = ["GET"]
      }
      quota {
        limit     = "600"
        interval  = "1"
        time_unit = "minute"
      }
    }
    operation_configs {
      api_source = "accounts-v1"
      operations {
        resource = "/accounts/**"
        methods  = ["GET", "PUT"]
      }
      quota {
        limit     = "60"
        interval  = "1"
        time_unit = "minute"
      }
    }
  }
}
