resource "google_compute_target_https_proxy" "api" { # fail: proxy - Google's default policy: TLS 1.0
  name             = "api-https"
  url_map          = "projects/acme-prod/global/urlMaps/api"
  ssl_certificates = ["projects/acme-prod/global/sslCertificates/api"]
}
