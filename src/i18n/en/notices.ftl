# What mails and text messages to customers and staff say. The mail's brand line and the
# tracking link are added by the sender; `{ $text }` is what a person typed, kept as typed.

## A message of the service point to the customer, about their request.
sms-staff-message = fieldfix { $reference }: { $author }: { $text } Reply here or at { $link }
sms-staff-message-cut = fieldfix { $reference }: { $author }: { $text }… Read it all and reply: { $link }
mail-staff-message-subject = A message about your repair { $reference }
mail-staff-message-intro = { $author } wrote about your repair { $reference }:
mail-staff-message-reply = You can answer on the tracking page, or by replying to our text message.
mail-staff-message-action = Read and reply
