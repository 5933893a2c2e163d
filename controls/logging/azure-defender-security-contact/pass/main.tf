resource "azurerm_security_center_contact" "secops" {
  name                = "contact1"
  email               = "secops@contoso.example"
  alert_notifications = true
  alerts_to_admins    = true
}
