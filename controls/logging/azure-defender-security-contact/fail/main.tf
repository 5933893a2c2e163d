resource "azurerm_security_center_contact" "silent" {
  name                = "contact1"
  email               = "secops@contoso.example"
  alert_notifications = false # fail: contact
  alerts_to_admins    = true
}
